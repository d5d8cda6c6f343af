// Always-visible warning that sign-in is off (mode none): everyone who can reach the address is an admin.
export function NoSignInBanner() {
  return (
    <div
      data-testid="no-sign-in-banner"
      className="border-b border-amber-300 bg-amber-100 py-1.5 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto max-w-7xl px-4">
        <strong>Sign-in is off.</strong> This server answers only on this machine, and everyone here has full
        rights. To share it, set <code className="font-mono">SWITCHYARD_AUTH=password</code> or{" "}
        <code className="font-mono">proxy</code> (see README, Access control).
      </div>
    </div>
  );
}
