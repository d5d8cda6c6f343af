export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="px-6 py-12 text-center">
      <p className="font-medium">{title}</p>
      {children ? (
        <div className="mx-auto mt-2 max-w-lg text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      ) : null}
    </div>
  );
}
