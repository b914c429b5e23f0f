import Vant from 'vant';
import 'vant/lib/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import './styles.css';

// Vant is installed whole for now; i18n.ts switches its locale with the UI language.
createApp(App).use(i18n).use(Vant).mount('#app');
