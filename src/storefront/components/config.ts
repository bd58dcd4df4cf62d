/** Where an element's program is: the service, the shop, the store version and the shopper's token. */
export interface Where {
  service: string;
  shop: string;
  version: string;
  token: string | null;
  /** The page's own language when it asks for one (`fi` or `en`); else the program's is spoken. */
  language: 'fi' | 'en' | null;
}

// Read while the script runs: afterwards document.currentScript is null. The service serves this
// script itself, so its origin is the default service URL.
const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src).origin : '';

const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;

/** The token's shop and store version, read without checking it (the service checks it). */
function claimsOf(token: string | null): { shop?: string; storeVersion?: string } {
  try {
    const part = (token ?? '').split('.')[1] ?? '';
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/** An element's attributes, else the page's `loyalty-*` meta tags, else the token's claims. */
export function whereOf(element: Element): Where {
  const read = (name: string) => element.getAttribute(name) || meta(`loyalty-${name}`);
  const token = read('token');
  const claims = claimsOf(token);
  return {
    service: (read('service') ?? scriptOrigin).replace(/\/$/, ''),
    shop: read('shop') ?? claims.shop ?? '',
    version: read('store-version') ?? claims.storeVersion ?? '',
    token,
    language: languageOf(read('language')),
  };
}

const languageOf = (value: string | null): 'fi' | 'en' | null =>
  value === 'fi' || value === 'en' ? value : null;
