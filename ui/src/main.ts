import './app.css';

import { mount, unmount } from 'svelte';

import App from './App.svelte';
import { chooseStart, enteredGuest } from './lib/backend';
import GuestGate from './lib/guest/GuestGate.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// This module is served from `<root>/assets/`, which tells the web app where its server's root is.
const start = await chooseStart(new URL('.', import.meta.url));

if (start.kind === 'guest-gate') {
  const { root, token } = start;
  const gate = mount(GuestGate, {
    target,
    props: {
      root,
      token,
      onentered: (session) => {
        void unmount(gate);
        mount(App, { target, props: { backend: enteredGuest(root, token, session) } });
      },
    },
  });
} else {
  mount(App, { target, props: { backend: start.backend } });
}
