// A URL as error messages show it: no user info (secrets in query values are removed by the redactor).

export function displayUrl(url: URL | string): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
