/** Vite's `?url` imports: the bundled file's URL (the pdf.js worker). */
declare module '*?url' {
  const url: string;
  export default url;
}

/** Vite's `?raw` imports: the file's text (the WHO growth tables under resources/). */
declare module '*?raw' {
  const text: string;
  export default text;
}
