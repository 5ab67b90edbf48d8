import { api, ApiError, getToken, setToken } from './api.js';
import { field, h, replace } from './dom.js';
import { t } from './i18n.js';
import type { User } from './types.js';

interface Session {
  token: string;
  user: User;
}

/** Shows an API error in a status line, in the user's language (the API translated it). */
export function showError(target: HTMLElement, error: unknown): void {
  target.textContent = error instanceof ApiError ? error.message : String(error);
}

/** The signed-in user of this tab, or null (also when the token has expired). */
export async function currentUser(): Promise<User | null> {
  if (getToken() === null) return null;
  try {
    return (await api<{ user: User }>('GET', '/api/auth/me')).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setToken(null);
      return null;
    }
    throw error;
  }
}

/**
 * Renders sign-in (and, for merchants, sign-up) into `root`; resolves with the user once signed in with a
 * password that no longer needs changing.
 */
export function signIn(root: HTMLElement, options: { allowSignup: boolean; title: string }): Promise<User> {
  return new Promise((resolve) => {
    const message = h('p', { class: 'error', role: 'alert' });
    const username = h('input', { name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const after = async (session: Session, oldPassword: string) => {
      setToken(session.token);
      if (session.user.mustChangePassword)
        changePassword(root, oldPassword, () => resolve({ ...session.user, mustChangePassword: false }));
      else resolve(session.user);
    };
    const login = h(
      'form',
      {
        class: 'auth',
        id: 'login-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          api<Session>('POST', '/api/auth/login', { username: username.value, password: password.value })
            .then((session) => after(session, password.value))
            .catch((error: unknown) => showError(message, error));
        },
      },
      h('h2', {}, `${options.title} · ${t('signIn')}`),
      field(t('username'), username),
      field(t('password'), password),
      h('button', { type: 'submit' }, t('signIn')),
    );
    let signup: HTMLElement | null = null;
    if (options.allowSignup) {
      const newUser = h('input', {
        name: 'signupUsername',
        autocomplete: 'username',
        required: true,
        pattern: '[A-Za-z0-9_.\\-]{3,64}',
      });
      const newPassword = h('input', { name: 'signupPassword', type: 'password', autocomplete: 'new-password', required: true });
      const merchantName = h('input', { name: 'merchantName', required: true });
      const contactName = h('input', { name: 'contactName' });
      signup = h(
        'form',
        {
          class: 'auth',
          id: 'signup-form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            api<Session>('POST', '/api/merchants/signup', {
              username: newUser.value,
              password: newPassword.value,
              merchantName: merchantName.value,
              ...(contactName.value.trim() === '' ? {} : { contactName: contactName.value.trim() }),
            })
              .then((session) => after(session, newPassword.value))
              .catch((error: unknown) => showError(message, error));
          },
        },
        h('h2', {}, t('signUp')),
        field(t('username'), newUser),
        field(t('newPassword'), newPassword),
        field(t('merchantName'), merchantName),
        field(t('contactName'), contactName),
        h('button', { type: 'submit' }, t('signUp')),
      );
    }
    replace(root, h('main', { class: 'page' }, message, login, signup));
  });
}

/** The one-time password change the server requires at first sign-in. */
function changePassword(root: HTMLElement, oldPassword: string, done: () => void): void {
  const message = h('p', { class: 'error', role: 'alert' });
  const old = h('input', {
    name: 'oldPassword',
    type: 'password',
    autocomplete: 'current-password',
    value: oldPassword,
    required: true,
  });
  const next = h('input', { name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true });
  replace(
    root,
    h(
      'main',
      { class: 'page' },
      h(
        'form',
        {
          class: 'auth',
          id: 'password-form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            api('POST', '/api/auth/password', { oldPassword: old.value, newPassword: next.value })
              .then(done)
              .catch((error: unknown) => showError(message, error));
          },
        },
        h('h2', {}, t('changePassword')),
        field(t('oldPassword'), old),
        field(t('newPassword'), next),
        h('button', { type: 'submit' }, t('save')),
        message,
      ),
    ),
  );
}

/** Signs out of the server and forgets the token. */
export async function signOut(): Promise<void> {
  await api('POST', '/api/auth/logout').catch(() => undefined);
  setToken(null);
}
