import { api } from './api.js';
import { currentUser, signIn, signOut } from './auth.js';
import { h, replace } from './dom.js';
import { currentLang, setLang, t } from './i18n.js';
import { renderMerchant } from './merchant.js';
import { renderPlanner } from './planner.js';
import { renderResident } from './resident.js';
import { renderPrintSheet } from './print-sheet.js';
import { renderStreet } from './street.js';
import { renderSurvey } from './survey.js';
import { configureBasemap } from './map.js';
import type { Basemap, Category, User } from './types.js';
import './style.css';

const ELDERLY_KEY = 'lc_elderly';

interface District {
  name: string;
}

const app = document.getElementById('app')!;
const state = {
  categories: [] as Category[],
  attribution: '',
  districts: [] as District[],
  isElderlyMode: localStorage.getItem(ELDERLY_KEY) === '1',
};
let dispose: () => void = () => undefined;

/**
 * Where the data comes from, for the map's attribution: the generated demo district says so, real data is
 * OpenStreetMap's. The server names the demo district "…（演示）"; a flag in the API would be better.
 */
function attributionFor(districts: District[]): string {
  const isDemo = districts.length === 0 || districts.some((district) => district.name.includes('演示'));
  return isDemo ? t('demoData') : '© OpenStreetMap contributors';
}

function topBar(route: string): HTMLElement {
  const link = (hash: string, label: string) => h('a', { href: hash, 'aria-current': route === hash ? 'page' : null }, label);
  return h(
    'header',
    { class: 'top-bar' },
    h('h1', {}, t('title')),
    h(
      'nav',
      { 'aria-label': 'main' },
      link('#/', t('residentNav')),
      link('#/survey', t('surveyNav')),
      state.isElderlyMode ? null : link('#/merchant', t('merchantNav')),
      state.isElderlyMode ? null : link('#/street', t('streetNav')),
      state.isElderlyMode ? null : link('#/planner', t('plannerNav')),
    ),
    h(
      'div',
      { class: 'toggles' },
      h(
        'button',
        {
          type: 'button',
          id: 'elderly-toggle',
          'aria-pressed': String(state.isElderlyMode),
          onclick: () => {
            state.isElderlyMode = !state.isElderlyMode;
            localStorage.setItem(ELDERLY_KEY, state.isElderlyMode ? '1' : '0');
            void render();
          },
        },
        t('elderlyMode'),
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'lang-toggle',
          lang: currentLang() === 'en' ? 'zh-CN' : 'en',
          // The spoken name starts with the visible text (WCAG 2.5.3), then says what the button does.
          'aria-label': `${t('language')}（${t('languageLabel')}）`,
          onclick: () => {
            setLang(currentLang() === 'en' ? 'zh' : 'en');
            void render();
          },
        },
        t('language'),
      ),
    ),
  );
}

/** Signs in with a role the page needs, offering sign-out when someone else is signed in. */
async function requireUser(content: HTMLElement, roles: User['role'][], title: string, allowSignup: boolean): Promise<User> {
  let user = await currentUser();
  while (user === null || !roles.includes(user.role)) {
    if (user !== null) await signOut();
    user = await signIn(content, { allowSignup, title });
  }
  return user;
}

async function render(): Promise<void> {
  dispose();
  dispose = () => undefined;
  const route = location.hash.replace(/\?.*$/, '') || '#/';
  document.body.classList.toggle('elderly', state.isElderlyMode);
  state.attribution = attributionFor(state.districts);
  const content = h('div', { class: 'content' });
  replace(app, topBar(route === '' ? '#/' : route), content);
  if (route === '#/merchant' || route === '#/street' || route === '#/planner') {
    const roles: Record<string, User['role'][]> = {
      '#/merchant': ['merchant'],
      '#/street': ['street_office', 'commission'],
      '#/planner': ['commission'],
    };
    const title = { '#/merchant': t('merchantNav'), '#/street': t('streetNav'), '#/planner': t('plannerNav') }[route];
    const user = await requireUser(content, roles[route]!, title, route === '#/merchant');
    if (location.hash.replace(/\?.*$/, '') !== route) return;
    const signOutButton = h(
      'button',
      { type: 'button', class: 'secondary sign-out', onclick: () => void signOut().then(render) },
      `${t('signOut')} (${user.displayName})`,
    );
    app.querySelector('.toggles')?.prepend(signOutButton);
    if (route === '#/merchant') dispose = renderMerchant(content, state.categories, state.attribution);
    else if (route === '#/street') dispose = renderStreet(content, state.categories, user);
    else dispose = renderPlanner(content, state.categories, state.attribution);
    return;
  }
  if (route === '#/survey') dispose = renderSurvey(content);
  else if (route === '#/print') dispose = renderPrintSheet(content, state.categories);
  else dispose = renderResident(content, state);
}

async function start(): Promise<void> {
  setLang(currentLang());
  const [taxonomy, districts, config] = await Promise.all([
    api<{ categories: Category[] }>('GET', '/api/taxonomy'),
    api<{ districts: District[] }>('GET', '/api/districts'),
    api<{ basemap: Basemap | null }>('GET', '/api/config'),
  ]);
  configureBasemap(config.basemap);
  state.categories = taxonomy.categories;
  state.districts = districts.districts;
  window.addEventListener('hashchange', () => void render());
  await render();
  document.body.dataset.ready = 'true';
}

void start();
