import type { AdminRole, AdminUser } from '../../app/admin-users/users.ts';
import { type Html, html, when } from '../html.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

/** The add-a-user form as given, with the messages beside its fields. */
export interface AdminUserForm {
  email: string;
  name: string;
  role: AdminRole;
  errors: { email?: string };
}

/** The shop's admin users with their roles, and a form to add one (a cashier unless chosen). */
export function adminUsersPage(
  frame: PageFrame,
  view: {
    users: AdminUser[];
    form: AdminUserForm;
    created?: { email: string; password: string } | null;
    flash?: Flash | null;
  },
): Html {
  const t = frame.t.adminUsers;
  const { form } = view;
  return page(frame, {
    title: t.title,
    active: 'users',
    flash: view.flash ?? null,
    head: {},
    body: html`${
      view.created
        ? html`<section class="panel" aria-labelledby="created-title">
      <h2 id="created-title">${t.created(view.created.email)}</h2>
      <p>${t.passwordOnce}</p>
      <p><label for="new-password">${t.password}</label>
        <input type="text" id="new-password" value="${view.created.password}" readonly class="short" spellcheck="false"></p>
    </section>`
        : ''
    }
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">${t.listTitle}</h2>
      <p class="help">${t.intro}</p>
      <div class="table-wrap"><table class="data"><thead><tr><th scope="col">${t.email}</th><th scope="col">${t.name}</th><th scope="col">${t.role}</th></tr></thead>
      <tbody>${view.users.map(
        (u) => html`<tr><td>${u.email}</td><td>${u.name ?? ''}</td><td>${t.roles[u.role]}</td></tr>`,
      )}</tbody></table></div>
    </section>
    <section class="panel narrow" aria-labelledby="add-user-title">
      <h2 id="add-user-title">${t.addTitle}</h2>
      <form method="post" action="/admin/users" novalidate>
        ${csrfField(frame)}
        <div class="field"><label for="user-email">${t.email}</label>
          <input type="email" id="user-email" name="email" value="${form.email}" maxlength="254" autocomplete="off"
            aria-describedby="err-email"${when(form.errors.email !== undefined, ' aria-invalid="true"')}>
          <p class="field-error" id="err-email">${form.errors.email ?? ''}</p></div>
        <div class="field"><label for="user-name">${t.name}</label>
          <input type="text" id="user-name" name="name" value="${form.name}" maxlength="200" autocomplete="off"></div>
        <div class="field"><label for="user-role">${t.role}</label>
          <select id="user-role" name="role">
            ${(['cashier', 'owner'] as const).map((r) => html`<option value="${r}"${when(r === form.role, ' selected')}>${t.roles[r]}</option>`)}
          </select>
          <p class="help">${t.roleHelp}</p></div>
        <button type="submit" class="button">${t.add}</button>
      </form>
    </section>`,
  });
}
