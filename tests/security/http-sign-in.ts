/**
 * Signs a person in to a running console over plain HTTP, through the real Keycloak login form (no
 * browser), and returns the `strata_session` cookie. Used by the security specs and the load bench, which
 * need many real sessions quickly.
 */

function cookiesFrom(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
  }
  return jar;
}

function header(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, "&").replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export async function signInOverHttp(appUrl: string, username: string, password: string): Promise<string> {
  const start = await fetch(`${appUrl}/auth/signin?returnTo=%2F`, { redirect: "manual" });
  const consoleJar = cookiesFrom(start);
  const authorize = start.headers.get("location");
  if (!authorize) throw new Error(`sign-in did not redirect to Keycloak (${start.status})`);

  const form = await fetch(authorize, { redirect: "manual" });
  const keycloakJar = cookiesFrom(form);
  const html = await form.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no Keycloak login form (${form.status})`);

  const posted = await fetch(decodeEntities(action), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(keycloakJar) },
    body: new URLSearchParams({ username, password, credentialId: "" }),
  });
  const callback = posted.headers.get("location");
  if (!callback?.includes("/auth/callback")) throw new Error(`Keycloak refused ${username} (${posted.status})`);

  const done = await fetch(callback, { redirect: "manual", headers: { cookie: header(consoleJar) } });
  const session = cookiesFrom(done).get("strata_session");
  if (!session) throw new Error(`the callback set no session (${done.status})`);
  return session;
}
