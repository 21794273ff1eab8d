// Terminal control sequences shared by the TUI mount and the boot frame: entering and leaving the alternate screen.
export const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
export const LEAVE_ALT_SCREEN = '\u001B[?1049l';
