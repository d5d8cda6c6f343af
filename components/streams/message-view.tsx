// One stored message as text (never HTML): subject, time, headers and the (masked) payload.
import { RelativeTime } from "@/components/ui/relative-time";
import { ScrollBox } from "@/components/ui/scroll-box";
import type { MessageView } from "@/lib/dto/message";
import { formatBytes } from "@/lib/core/format";

export function MessageBody({ message }: { message: MessageView }) {
  const headers = Object.entries(message.headers);
  return (
    <div className="space-y-3 px-4 py-3 text-sm" data-testid="message-view">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-zinc-500">Subject</dt>
        <dd className="font-mono break-all">{message.subject}</dd>
        <dt className="text-zinc-500">Stored</dt>
        <dd>
          <RelativeTime iso={message.time} />
        </dd>
        <dt className="text-zinc-500">Size</dt>
        <dd>
          {formatBytes(message.payload.bytes)}
          {message.payload.withheld
            ? " (binary, withheld: masking cannot look inside it; an operator can reveal it)"
            : message.payload.encoding === "hex"
              ? " (binary, shown as hex)"
              : ""}
          {message.payload.truncated ? " (first 256 KiB shown)" : ""}
        </dd>
      </dl>
      {headers.length ? (
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Headers</caption>
          <tbody>
            {headers.map(([name, values]) => (
              <tr key={name} className="border-t border-zinc-100 dark:border-zinc-800">
                <th scope="row" className="w-64 py-1 pr-4 align-top font-mono font-normal text-zinc-500">
                  {name}
                </th>
                <td className="py-1 font-mono break-all">{values.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ScrollBox label="Payload" className="max-h-96 overflow-auto rounded bg-zinc-50 dark:bg-zinc-950">
        <pre data-testid="message-payload" className="p-3 font-mono text-xs break-all whitespace-pre-wrap">
          {message.payload.text}
        </pre>
      </ScrollBox>
    </div>
  );
}
