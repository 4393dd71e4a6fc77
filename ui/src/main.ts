import './app.css';

import { mount } from 'svelte';

import App from './App.svelte';
import { chooseBackend } from './lib/backend';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// This module is served from `<root>/assets/`, which tells the web app where its server's root is.
const backend = await chooseBackend(new URL('.', import.meta.url));

export default mount(App, { target, props: { backend } });
