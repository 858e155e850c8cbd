// Markdown files are embedded as text by the pack's build (esbuild loader `.md: text`).
declare module '*.md' {
  const text: string;
  export default text;
}
