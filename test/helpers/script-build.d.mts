export function buildScript(entry: string, outfile: string): Promise<unknown>;
