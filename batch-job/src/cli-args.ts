/**
 * `--rentals -5` as `--rentals=-5` for the options in `valued`: parseArgs takes a value that
 * starts with a dash for a forgotten one ("argument is ambiguous"), while a negative number is
 * a value, and the option's own check then says what a valid one is.
 */
export function joinNegativeValues(argv: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i].startsWith('--') && valued.includes(argv[i].slice(2)) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}
