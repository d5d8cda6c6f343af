// Face of dead letters for routes, pages and server start: one service per environment, and the boot hook.
export { deadLetters, type DeadLetters } from "./service";
export { startAllDeadLetterServices } from "./registry";
