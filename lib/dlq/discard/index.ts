// Face of discarding dead letters.
export { discard } from "./discard";
