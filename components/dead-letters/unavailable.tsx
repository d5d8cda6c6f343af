// Shown instead of dead-letter data while NATS cannot be reached: says so, and that Switchyard keeps retrying.
import { Card } from "@/components/ui/card";

export function Unavailable({ message }: { message: string }) {
  return (
    <Card>
      <div role="alert" className="px-6 py-10 text-center">
        <p className="font-medium">NATS can’t be reached right now</p>
        <p className="mx-auto mt-2 max-w-lg text-sm text-zinc-600 dark:text-zinc-400">
          {message}. Switchyard keeps retrying; this page works again as soon as NATS answers. Nothing was
          changed.
        </p>
      </div>
    </Card>
  );
}
