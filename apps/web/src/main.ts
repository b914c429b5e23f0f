import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

// Element Plus is installed whole for now; App.vue switches its locale with the UI language.
createApp(App).use(router).use(i18n).use(ElementPlus, { locale: zhCn }).mount('#app');
