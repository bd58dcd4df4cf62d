import { type Html, html } from '../html.ts';
import { type Flash, type PageFrame, page } from './layout.ts';

export interface SignInForm {
  shop: string;
  email: string;
  next: string;
  loginToken: string;
}

export function signInPage(frame: PageFrame, form: SignInForm, flash?: Flash | null): Html {
  const { t } = frame;
  const other = frame.lang === 'fi' ? { lang: 'en', label: 'In English' } : { lang: 'fi', label: 'Suomeksi' };
  const query = new URLSearchParams({ lang: other.lang, shop: form.shop, next: form.next }).toString();
  return page(frame, {
    title: t.signIn.title,
    flash,
    body: html`<section class="panel narrow">
      <h1>${t.signIn.title}</h1>
      <form method="post" action="/admin/login" novalidate>
        <input type="hidden" name="_csrf" value="${form.loginToken}">
        <input type="hidden" name="next" value="${form.next}">
        <div class="field">
          <label for="shop">${t.signIn.shop}</label>
          <input type="text" id="shop" name="shop" value="${form.shop}" required autocomplete="organization" autocapitalize="none">
        </div>
        <div class="field">
          <label for="email">${t.signIn.email}</label>
          <input type="email" id="email" name="email" value="${form.email}" required autocomplete="username">
        </div>
        <div class="field">
          <label for="password">${t.signIn.password}</label>
          <input type="password" id="password" name="password" required autocomplete="current-password">
        </div>
        <div class="form-actions">
          <button type="submit" class="button">${t.signIn.submit}</button>
          <a href="/admin/login?${query}" lang="${other.lang}">${other.label}</a>
        </div>
      </form>
    </section>`,
  });
}
