// On-screen keys for a kiosk without a keyboard: letters and digits for search (pinyin, initials,
// industry codes), a keypad for numbers. A physical keyboard works as well.
import { h } from "./dom.js";

const LETTER_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const KEYPAD_ROWS = ["789", "456", "123", "0."];

function type(input, text) {
  input.value += text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function backspace(input) {
  input.value = input.value.slice(0, -1);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function wipe(input) {
  input.value = "";
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

// mode: "letters" (search) or "decimal" (numbers).
export function keyboard(input, mode = "letters") {
  const rows = mode === "letters" ? LETTER_ROWS : KEYPAD_ROWS;
  const key = (label, action, cls = "") =>
    h("button", {
      type: "button", class: `key ${cls}`, "aria-label": label === "⌫" ? "退格" : label,
      // Keep the focus (and the caret) in the input when a key is pressed.
      onmousedown: (e) => e.preventDefault(),
      onclick: action,
    }, label);
  const board = h("div", { class: `keyboard keyboard-${mode}`, role: "group", "aria-label": mode === "letters" ? "屏幕键盘" : "数字键盘" });
  for (const row of rows) {
    board.append(h("div", { class: "key-row" }, [...row].map((c) => key(c, () => type(input, c)))));
  }
  board.append(h("div", { class: "key-row" },
    key("⌫", () => backspace(input), "key-wide"),
    key("清空", () => wipe(input), "key-wide")));
  return board;
}
