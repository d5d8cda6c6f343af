// Consumers Switchyard itself creates to read streams (trace tails, subject feeds, dead-letter readers): named with
// OWN_CONSUMER_PREFIX, so consumers-per-subject and "no consumer reads this subject" count the application's readers only.
export const OWN_CONSUMER_PREFIX = "switchyard_";

export function isOwnConsumer(name: string): boolean {
  return name.startsWith(OWN_CONSUMER_PREFIX);
}
