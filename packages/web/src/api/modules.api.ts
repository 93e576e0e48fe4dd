import { api } from './http.api.ts';

export type LocalizedText = Record<string, string>;

/** A menu entry of a module manifest (kernel MenuEntry), already filtered by the server to the caller's permissions. */
export interface ModuleMenuEntry {
  path: string;
  title: LocalizedText;
  icon?: string;
  permission?: string;
  children?: ModuleMenuEntry[];
}

export interface ModuleMenu {
  module: string;
  title: LocalizedText;
  entries: ModuleMenuEntry[];
}

export const fetchModules = (): Promise<ModuleMenu[]> => api<ModuleMenu[]>('/api/modules');
