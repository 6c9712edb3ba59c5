// Draftail, Wagtail's rich-text editor, copies its content into the form's hidden input only 250 ms
// after the last keystroke. A form saved within that time (a quick click on 保存草稿, Ctrl+S) would send
// the text without its last words, or empty. Before any form of the workbench is submitted, every
// editor in it writes its content now: the browser collects the form's data after the submit event.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    form.querySelectorAll("input[data-draftail-input]").forEach((input) => {
      const editor = input.draftailEditor;
      if (editor && typeof editor.saveState === "function") editor.saveState();
    });
  },
  true,
);
