/** Vite's `?url` imports: the bundled file's URL (the pdf.js worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
