// One instance per environment per server process, kept on globalThis: Next.js may load a module once per route
// bundle, and connections, pollers and tails must still exist once.
export function perEnvironment<T>(registry: string, environment: string, create: () => T): T {
  const key = Symbol.for(`switchyard.${registry}`);
  const holder = globalThis as { [key: symbol]: Map<string, T> | undefined };
  const instances = (holder[key] ??= new Map<string, T>());
  const existing = instances.get(environment);
  if (existing !== undefined) return existing;
  const created = create();
  instances.set(environment, created);
  return created;
}
