/** Hover: the model's docs for keys and values, variables, and the runtime versions per image. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { locate } from './locate';
import { markdownText } from './markdown';
import { candidateImages, findImage, IMAGES, RUNTIMES, versionsOf } from './model/runtimes';
import { asScalar, docOf, keySpecAt, scalarRoleAt, specAt } from './model/types';
import { commandVariables } from './facts/commandVariables';
import { pinnedImage, type BuildspecOptions } from './facts/image';
import { fileVariables, serviceVariables } from './facts/variables';
import { scalarText } from './yamlUtil';
import { own } from './own';

export function hover(doc: ParsedDocument, position: Position, options: BuildspecOptions = {}): Hover | null {
  if (!doc.root) return null;
  const offset = doc.textDocument.offsetAt(position);
  const variable = variableAt(doc, offset);
  if (variable) return variable;
  const at = locate(doc, offset);
  if (!at?.node?.range) return null;
  const range = {
    start: doc.textDocument.positionAt(at.node.range[0]),
    end: doc.textDocument.positionAt(at.node.range[1]),
  };
  const markdown = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });
  const keyPath = at.path.filter((p) => p !== '[]');
  const inRuntimes = scalarRoleAt(doc.root, at.path) === 'runtimeVersion' && own(RUNTIMES, at.path.at(-1)!);
  if (inRuntimes)
    return markdown(
      runtimeDoc(
        doc,
        at.path.at(-1)!,
        at.on === 'value' ? scalarText(at.node, doc.text) : undefined,
        options,
      ),
    );
  const found = keySpecAt(doc.root, at.path);
  if (!found) return null;
  // The key is the document's own text (an env variable's name, say): shown as text, never as Markdown.
  const title = `**${markdownText(at.on === 'key' ? (at.path.at(-1) ?? '') : (keyPath.at(-1) ?? ''))}**`;
  if (at.on === 'value') {
    const s = asScalar(specAt(doc.root, at.path));
    const text = scalarText(at.node, doc.text);
    const value = s?.values?.find((v) => v.value.toLowerCase() === text?.toLowerCase());
    if (value?.doc) return markdown(`\`${value.value}\`: ${value.doc}`);
  }
  if ('key' in found) return markdown(`${title}\n\n${docOf(found.key)}`);
  return markdown(`${title} (${found.additional.label})\n\n${found.additional.doc}`);
}

function runtimeDoc(
  doc: ParsedDocument,
  runtime: string,
  value: string | undefined,
  options: BuildspecOptions,
): string {
  const image = pinnedImage(doc.text, options);
  const pinned = image ? findImage(image) : undefined;
  const rows = [...versionsOf(runtime, candidateImages(pinned)).entries()].map(
    ([v, on]) =>
      `| ${v === value ? `**${v}**` : v} | ${on.map((i) => i.replace('aws/codebuild/', '')).join(', ')} |`,
  );
  const head = `**${runtime}**: ${own(RUNTIMES, runtime)}`;
  const scope = pinned
    ? `Versions on \`${pinned.image}\``
    : 'Versions pre-installed on current CodeBuild images';
  const table = rows.length ? `\n\n${scope}:\n\n| version | images |\n|---|---|\n${rows.join('\n')}` : '';
  const retired = IMAGES.filter((i) => i.retired && i.runtimes[runtime]).map((i) => i.image);
  const note = !rows.length && retired.length ? `\n\nOnly on retired images: ${retired.join(', ')}` : '';
  return `${head}${table}${note}\n\n\`major.x\` picks the newest installed minor; \`latest\` the newest version.`;
}

/** `$NAME` or `${NAME}` under the cursor, with the meaning of the variable. */
function variableAt(doc: ParsedDocument, offset: number): Hover | null {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = doc.text.indexOf('\n', offset);
  const line = doc.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  // What the file and the commands define is looked up only when the cursor is on a variable.
  const meaningOf = (name: string): string | undefined => {
    const service = serviceVariables(doc);
    return (
      fileVariables(doc).get(name) ??
      (Object.hasOwn(service, name) ? service[name] : undefined) ??
      commandVariables(doc).get(name)
    );
  };
  for (const m of line.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) {
    const start = lineStart + m.index;
    const end = start + m[0].length;
    if (offset < start || offset > end) continue;
    const meaning = meaningOf(m[1]);
    if (!meaning) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: `**$${m[1]}**\n\n${meaning}` },
      range: { start: doc.textDocument.positionAt(start), end: doc.textDocument.positionAt(end) },
    };
  }
  return null;
}
