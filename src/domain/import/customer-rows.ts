import { MAX_EMAIL_LENGTH, MAX_LANGUAGE_TAG_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH } from '../limits.ts';
import type { CustomerColumn } from './columns.ts';
import { CustomerKeyedRows } from './customer-keyed-rows.ts';
import { cellText, type RowValues } from './values.ts';

/**
 * The customer's consent to marketing as the shop's earlier program had it: given or withdrawn,
 * and when (null: the import's moment, for a file that does not say).
 */
export interface ImportedConsent {
  granted: boolean;
  at: number | null;
}

/** A customer of the customers file, as it will be written. */
export interface ImportedCustomer {
  id: string;
  registeredAt: number;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  /** Null: the file says nothing of it, and the consent stored (if any) is left as it is. */
  consent: ImportedConsent | null;
  /** The file's line, to name in a problem the database finds (none for customers today). */
  line: number;
}

/** The customers file: one customer per row, each id once. */
export class CustomerRows extends CustomerKeyedRows<CustomerColumn, CustomerCells, ImportedCustomer> {
  protected readCells(v: RowValues, fields: string[]): CustomerCells {
    const at = this.header.index;
    const registeredAt = v.requiredMoment('registered_at', cellText(fields, at.registered_at));
    return {
      registeredAt,
      email: v.text('email', cellText(fields, at.email), MAX_EMAIL_LENGTH),
      phone: v.text('phone', cellText(fields, at.phone), MAX_PHONE_LENGTH),
      name: v.text('name', cellText(fields, at.name), MAX_NAME_LENGTH),
      language: v.text('language', cellText(fields, at.language), MAX_LANGUAGE_TAG_LENGTH),
      ...this.readConsent(v, fields),
    };
  }

  /** A moment of consent without the consent itself says nothing to record: the consent is asked for. */
  private readConsent(v: RowValues, fields: string[]): Pick<CustomerCells, 'consent' | 'consentAt'> {
    const at = this.header.index;
    const consent = v.boolean('marketing_consent', cellText(fields, at.marketing_consent));
    const consentAt = v.moment('marketing_consent_at', cellText(fields, at.marketing_consent_at));
    if (consent === null && consentAt != null) v.required('marketing_consent');
    return { consent, consentAt };
  }

  protected record(id: string, cells: CustomerCells, line: number): ImportedCustomer {
    return {
      id,
      registeredAt: cells.registeredAt!,
      email: cells.email ?? null,
      phone: cells.phone ?? null,
      name: cells.name ?? null,
      language: cells.language ?? null,
      consent: cells.consent == null ? null : { granted: cells.consent, at: cells.consentAt ?? null },
      line,
    };
  }
}

/** A row's cells as read: undefined where a value was wrong, null where it was empty. */
interface CustomerCells {
  registeredAt: number | undefined;
  email: string | null | undefined;
  phone: string | null | undefined;
  name: string | null | undefined;
  language: string | null | undefined;
  consent: boolean | null | undefined;
  consentAt: number | null | undefined;
}
