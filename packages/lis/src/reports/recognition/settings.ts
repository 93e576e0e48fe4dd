import type { ModuleContext, ParameterDefinition } from '@medunion/kernel';

export type PushMode = 'off' | 'same-platform' | 'remote';

/**
 * How an institution's laboratory pushes released reports to 互认 (module parameters, per institution). The client
 * secret is not a parameter — parameter values are readable by every user of the institution — but the name of an
 * environment variable of the server that holds it, so the secret never sits in the database or a log.
 */
export const PUSH_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'lis.recognition.push',
    title: { 'zh-CN': '检验报告推送互认平台', en: 'Push lab reports to recognition' },
    description: {
      'zh-CN': 'off 不推送；same-platform 推送到本平台的互认模块；remote 推送到远程区域平台（填写地址）',
      en: 'off: no push; same-platform: to this platform’s recognition module; remote: to a regional platform at the URL below',
    },
    group: 'lis',
    type: 'enum',
    options: [
      { value: 'off', title: { 'zh-CN': '不推送', en: 'Off' } },
      { value: 'same-platform', title: { 'zh-CN': '本平台', en: 'This platform' } },
      { value: 'remote', title: { 'zh-CN': '远程平台', en: 'Remote platform' } },
    ],
    default: 'off',
    scopes: ['region', 'institution'],
  },
  {
    key: 'lis.recognition.url',
    title: { 'zh-CN': '互认平台地址', en: 'Recognition platform URL' },
    description: { 'zh-CN': '远程平台的根地址，如 https://region.example.org（本平台推送时可留空）', en: 'Base URL of the remote platform, e.g. https://region.example.org (empty for this platform)' },
    group: 'lis',
    type: 'string',
    default: '',
    scopes: ['region', 'institution'],
  },
  {
    key: 'lis.recognition.clientId',
    title: { 'zh-CN': '上传接口客户端 ID', en: 'Upload client id' },
    description: { 'zh-CN': '平台为本机构开通的接口客户端（角色 interface + recognition-uploader）', en: 'The API client the platform issued to this institution (roles interface + recognition-uploader)' },
    group: 'lis',
    type: 'string',
    default: '',
    scopes: ['institution'],
  },
  {
    key: 'lis.recognition.clientSecretEnv',
    title: { 'zh-CN': '客户端密钥所在环境变量', en: 'Environment variable holding the client secret' },
    description: { 'zh-CN': '服务器上保存客户端密钥的环境变量名（密钥本身不存入数据库）', en: 'Name of the server environment variable that holds the client secret (never stored in the database)' },
    group: 'lis',
    type: 'string',
    default: 'LIS_RECOGNITION_CLIENT_SECRET',
    scopes: ['institution'],
  },
];

export interface PushSettings {
  mode: PushMode;
  url: string;
  clientId: string;
  secretEnv: string;
}

export async function pushSettings(ctx: ModuleContext, institution: string): Promise<PushSettings> {
  const all = await ctx.parameters.resolveAll({ institution });
  const mode = all['lis.recognition.push'];
  return {
    mode: mode === 'same-platform' || mode === 'remote' ? mode : 'off',
    url: String(all['lis.recognition.url'] ?? '').replace(/\/+$/, ''),
    clientId: String(all['lis.recognition.clientId'] ?? ''),
    secretEnv: String(all['lis.recognition.clientSecretEnv'] ?? ''),
  };
}

export const pushEnabled = async (ctx: ModuleContext, institution: string): Promise<boolean> => (await pushSettings(ctx, institution)).mode !== 'off';
