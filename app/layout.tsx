import type { Metadata } from "next";
import { headers } from "next/headers";
import { NoSignInBanner } from "@/components/auth/no-sign-in-banner";
import { SessionProvider } from "@/components/auth/session-context";
import { sessionInfo } from "@/lib/auth/current";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "NATS JetStream console for agent systems: queue health, conversation traces, dead letters.",
};

// Reading the request makes every page dynamic, which the per-request CSP nonce needs anyway.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await sessionInfo(await headers());
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <SessionProvider value={session}>
          {session.mode === "none" ? <NoSignInBanner /> : null}
          {children}
        </SessionProvider>
      </body>
    </html>
  );
}
