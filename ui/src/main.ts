import './app.css';

import { mount } from 'svelte';

import App from './App.svelte';
import { defaultBackend } from './lib/backend';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target, props: { backend: defaultBackend() } });
