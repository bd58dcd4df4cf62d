import {
  MAX_EMAIL_LENGTH,
  MAX_LANGUAGE_TAG_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_STORE_ID_LENGTH,
} from '../limits.ts';
import type { CustomerColumn } from './columns.ts';
import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';
import { type RowReader, SeenIds } from './rows.ts';
import { cellText, RowValues } from './values.ts';

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
  private readonly values: RowValues;
  private readonly seen = new SeenIds();

  constructor(
    private readonly header: Header<CustomerColumn>,
    private readonly problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.values = new RowValues(problems, { nowMs: options.nowMs, decimalComma: false });
  }

  read(fields: string[], line: number): ImportedCustomer | null {
    const v = this.values;
    const at = this.header.index;
    v.line = line;
    const before = this.problems.count;
    const id = v.text('customer_id', cellText(fields, at.customer_id), MAX_STORE_ID_LENGTH);
    if (id === null) v.required('customer_id');
    const registered = cellText(fields, at.registered_at);
    const registeredAt = v.moment('registered_at', registered);
    if (registeredAt === null) v.required('registered_at');
    const email = v.text('email', cellText(fields, at.email), MAX_EMAIL_LENGTH);
    const phone = v.text('phone', cellText(fields, at.phone), MAX_PHONE_LENGTH);
    const name = v.text('name', cellText(fields, at.name), MAX_NAME_LENGTH);
    const language = v.text('language', cellText(fields, at.language), MAX_LANGUAGE_TAG_LENGTH);
    if (id) {
      const first = this.seen.firstLine(id, line);
      if (first !== undefined) v.fail('customer_id', id, 'duplicate_id', { firstLine: first });
    }
    if (this.problems.count > before) return null;
    return {
      id: id!,
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
