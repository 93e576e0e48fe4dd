import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { errorText } from '../admin/common/errors.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { useOrganizationNames } from '../widgets/patient/organization-names.ts';
import { PatientBanner } from '../widgets/patient/patient-banner.tsx';
import { identifierKindOf } from './identifier-systems.ts';
import { IdentifierLabel } from './identifier-label.tsx';
import { LinkHistoryTimeline } from './link-history-timeline.tsx';
import type { HistoryOperation } from './link-history.ts';
import { MergeDialog } from './merge-dialog.tsx';
import { linkHistory, undoMerge, unlinkSource, type PersonDetails } from './mpi.api.ts';
import { ReasonDialog } from './reason-dialog.tsx';

type Source = PersonDetails['sources'][number];

/**
 * A person (golden record): the banner, the person-level identifiers, the source records each institution
 * registered, and the link history. Holders of mpi.merge split sources off, merge others in and undo merges.
 */
export function PersonView({ details, onChanged }: { details: PersonDetails; onChanged(): void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const canMerge = holds(me.permissions, 'mpi.merge');
  const goldenId = details.golden.id!;
  const history = useLoad(() => linkHistory(goldenId), [goldenId, details]);
  const institutionIds = [...details.sources.map((s) => s.institution ?? undefined), ...details.sources.flatMap((s) => s.identifiers.map((i) => identifierKindOf(i.system).institution))];
  const names = useOrganizationNames(institutionIds);
  const [unlinking, setUnlinking] = useState<Source | null>(null);
  const [merging, setMerging] = useState(false);
  const [undoing, setUndoing] = useState<HistoryOperation | null>(null);
  const retired = details.status !== 'active';

  const changed = (text: string) => {
    message.success(text);
    onChanged();
  };
  const identifierList = (ids: { system?: string; value?: string }[]) => (
    <Space orientation="vertical" size={0}>
      {ids.map((i) => (
        <IdentifierLabel key={`${i.system}|${i.value}`} system={i.system} value={i.value} institutionNames={names} />
      ))}
    </Space>
  );

  return (
    <div data-testid="mpi-person">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <PatientBanner
          patient={details.golden}
          extra={
            <Space wrap>
              <Tag color="blue" data-testid="mpi-empi">
                {t('mpi.persons.empi')} {details.empi}
              </Tag>
              {retired ? <Tag>{t('mpi.persons.retired')}</Tag> : <Tag color="success">{t('mpi.persons.active')}</Tag>}
              {details.replacedBy && (
                <Link to={`/mpi/persons?golden=${encodeURIComponent(details.replacedBy)}`}>
                  {t('mpi.persons.replacedBy')} {details.replacedBy}
                </Link>
              )}
              {canMerge && !retired && (
                <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
                  {t('mpi.persons.merge')}
                </Button>
              )}
            </Space>
          }
        />
        {details.identifiers.length > 0 && (
          <Card size="small" title={t('mpi.persons.identifiers')}>
            <Space wrap size={[24, 4]}>
              {details.identifiers.map((i) => (
                <IdentifierLabel key={`${i.system}|${i.value}`} system={i.system} value={i.value} institutionNames={names} />
              ))}
            </Space>
          </Card>
        )}
        <Card size="small" title={t('mpi.persons.sources', { count: details.sources.length })}>
          <Table<Source>
            size="small"
            rowKey="patientId"
            pagination={false}
            dataSource={details.sources}
            columns={[
              { key: 'institution', title: t('mpi.persons.sourceInstitution'), width: 180, render: (_, s) => (s.institution ? (names[s.institution] ?? s.institution) : '—') },
              {
                key: 'id',
                title: t('mpi.persons.sourceId'),
                width: 200,
                render: (_, s) => (
                  <Space size={4}>
                    <span style={{ fontFamily: 'monospace' }}>{s.patientId}</span>
                    {details.matched.includes(s.patientId) && <Tag color="processing">{t('mpi.persons.matched')}</Tag>}
                  </Space>
                ),
              },
              { key: 'identifiers', title: t('mpi.persons.sourceIdentifiers'), render: (_, s) => identifierList(s.identifiers) },
              { key: 'linkedAt', title: t('mpi.persons.linkedAt'), width: 170, render: (_, s) => new Date(s.linkedAt).toLocaleString(locale) },
              ...(canMerge
                ? [
                    {
                      key: 'actions',
                      title: t('admin.common.actions'),
                      width: 80,
                      // A lone source is already a person of its own: nothing to split off.
                      render: (_: unknown, s: Source) =>
                        details.sources.length > 1 && (
                          <Button type="link" size="small" danger onClick={() => setUnlinking(s)}>
                            {t('mpi.persons.unlink')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        <Card size="small" title={t('mpi.persons.history')}>
          {history.error !== undefined && <Alert type="error" showIcon title={t('shell.loadFailed', { message: errorText(history.error, locale) })} />}
          {history.data && <LinkHistoryTimeline events={history.data.events} canUndo={canMerge} onUndo={setUndoing} />}
        </Card>

        <ReasonDialog
          open={unlinking !== null}
          title={t('mpi.persons.unlinkTitle')}
          okText={t('mpi.persons.unlink')}
          onClose={() => setUnlinking(null)}
          onSubmit={async (reason) => {
            await unlinkSource(unlinking!.patientId, reason);
            setUnlinking(null);
            changed(t('mpi.persons.unlinked'));
          }}
        >
          {unlinking && (
            <Typography.Paragraph>
              {unlinking.institution ? (names[unlinking.institution] ?? unlinking.institution) : ''} · <span style={{ fontFamily: 'monospace' }}>{unlinking.patientId}</span>
            </Typography.Paragraph>
          )}
        </ReasonDialog>
        <ReasonDialog
          open={undoing !== null}
          title={t('mpi.persons.undoTitle')}
          okText={t('mpi.persons.undo')}
          onClose={() => setUndoing(null)}
          onSubmit={async (reason) => {
            await undoMerge(undoing!.operationId, reason);
            setUndoing(null);
            changed(t('mpi.persons.undone'));
          }}
        >
          {undoing && (
            <Typography.Paragraph>
              {new Date(undoing.at).toLocaleString(locale)} · {undoing.reason}
            </Typography.Paragraph>
          )}
        </ReasonDialog>
        <MergeDialog target={details} open={merging} onClose={() => setMerging(false)} onMerged={() => changed(t('mpi.persons.merged'))} />
      </Space>
    </div>
  );
}
