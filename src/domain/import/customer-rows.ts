import { MAX_EMAIL_LENGTH, MAX_LANGUAGE_TAG_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH } from '../limits.ts';
import type { CustomerColumn } from './columns.ts';
import { CustomerKeyedRows } from './customer-keyed-rows.ts';
import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';
import type { RowReader } from './rows.ts';
import { cellText } from './values.ts';

/** A customer of the customers file, as it will be written. */
export interface ImportedCustomer {
  id: string;
  registeredAt: number;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  /** The file's line, to name in a problem the database finds (none for customers today). */
  line: number;
}

/** The customers file: one customer per row, each id once. */
export class CustomerRows implements RowReader<ImportedCustomer> {
  private readonly rows: CustomerKeyedRows;

  constructor(
    private readonly header: Header<CustomerColumn>,
    problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.rows = new CustomerKeyedRows(problems, options);
  }

  read(fields: string[], line: number): ImportedCustomer | null {
    const at = this.header.index;
    const row = this.rows.read(cellText(fields, at.customer_id), line, (v) => {
      const registeredAt = v.moment('registered_at', cellText(fields, at.registered_at));
      if (registeredAt === null) v.required('registered_at');
      return {
        registeredAt,
        email: v.text('email', cellText(fields, at.email), MAX_EMAIL_LENGTH),
        phone: v.text('phone', cellText(fields, at.phone), MAX_PHONE_LENGTH),
        name: v.text('name', cellText(fields, at.name), MAX_NAME_LENGTH),
        language: v.text('language', cellText(fields, at.language), MAX_LANGUAGE_TAG_LENGTH),
      };
    });
    if (!row) return null;
    const { registeredAt, email, phone, name, language } = row.rest;
    return {
      id: row.customerId,
      registeredAt: registeredAt!,
      email: email ?? null,
      phone: phone ?? null,
      name: name ?? null,
      language: language ?? null,
      line,
    };
  }

  end(): null {
    return null;
  }
}
