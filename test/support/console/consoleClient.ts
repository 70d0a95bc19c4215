/** A browser-less console user over real HTTP: keeps cookies, reads CSRF tokens from the forms it is given. */
export class ConsoleClient {
  private readonly cookies = new Map<string, string>();
  /** The last page's CSRF token (from any form on it). */
  csrf = '';

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<{ status: number; body: string; location?: string }> {
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    this.keep(res);
    const body = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(body);
    if (m) this.csrf = m[1]!;
    return { status: res.status, body, location: res.headers.get('location') ?? undefined };
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: string; location?: string }> {
    const res = await fetch(this.baseUrl + path, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return { status: res.status, body: await res.text(), location: res.headers.get('location') ?? undefined };
  }

  /** Signs in through the form; resolves to where the console sent the browser. */
  async signIn(username: string, password: string): Promise<string | undefined> {
    await this.get('/console/login');
    const r = await this.post('/console/login', { _csrf: this.csrf, username, password });
    if (r.location === '/console') await this.get('/console');
    return r.location;
  }
}
