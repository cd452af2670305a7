/**
 * A brief's first words as plain text, for a preview (the page renders the Markdown). List items stay apart
 * ("Scope: • the guide • the examples"), as do table cells; headings and quotes lose their markers.
 */
export function briefExcerpt(brief: string, max = 180): string {
  const plain = brief
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm, ' ')
    .replace(/^\s*\|(.*?)\|?\s*$/gm, (_, cells: string) => cells.split('|').join(' · '))
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/gm, ' • ')
    .replace(/^\s{0,3}(#{1,6}|>)\s+/gm, '')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max).replace(/\s+\S*$/, '')}…` : plain;
}
