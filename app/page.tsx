import { redirect } from "next/navigation";
import { defaultEnvironmentName } from "@/lib/nats/registry";

export const dynamic = "force-dynamic";

export default function Home() {
  redirect(`/${defaultEnvironmentName()}`);
}
