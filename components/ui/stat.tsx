export function Stat({
  label,
  value,
  hint,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
}) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="num mt-1 text-xl font-semibold">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{hint}</dd> : null}
    </div>
  );
}
