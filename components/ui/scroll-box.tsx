// A box that scrolls on its own (a wide chart, a long payload): it takes focus so keyboard users can scroll it too
// (WCAG 2.1.1; axe "scrollable-region-focusable"), and its label says what it holds.
export function ScrollBox({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // A scroll box must be focusable to scroll by keyboard.
      // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      className={`focus-visible:outline-2 focus-visible:outline-sky-500 ${className}`}
    >
      {children}
    </section>
  );
}
