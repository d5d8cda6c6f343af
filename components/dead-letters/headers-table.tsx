// An entry's headers as text (control characters made visible); origin headers first.
import { visibleControls } from "@/lib/dto/payload-format";

export function HeadersTable({ headers }: { headers: [string, string][] }) {
  if (headers.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">No headers.</p>;
  const sorted = [...headers].sort((a, b) => Number(!/^x-dlq-/i.test(a[0])) - Number(!/^x-dlq-/i.test(b[0])));
  return (
    <table className="w-full text-xs">
      <tbody>
        {sorted.map(([name, value], i) => (
          <tr key={`${name}-${i}`} className="border-t border-zinc-100 dark:border-zinc-800">
            <th
              scope="row"
              className="w-56 px-4 py-1 text-left font-mono font-medium text-zinc-600 dark:text-zinc-400"
            >
              {visibleControls(name)}
            </th>
            <td className="px-4 py-1 font-mono break-all">{visibleControls(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
