// The commands an admin runs on a new rack host, for the snap and for the Debian packages.

/** Quotes a value for a POSIX shell only when it needs quoting, so the usual case reads cleanly. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface RackCommands {
  snap: string;
  packages: string;
}

export function rackRegistrationCommands(maasUrl: string, secret: string): RackCommands {
  const url = shellQuote(maasUrl);
  const s = shellQuote(secret);
  return {
    snap: `sudo maas init rack --maas-url ${url} --secret ${s}`,
    packages: `sudo maas-rack register --url ${url} --secret ${s}`,
  };
}
