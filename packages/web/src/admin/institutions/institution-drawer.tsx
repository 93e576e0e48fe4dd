import { useEffect, useState } from 'react';
import { Drawer, Form, Input } from 'antd';
import type { Organization } from '@medplum/fhirtypes';
import { ApiError } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ResourceForm } from '../../widgets/form/resource-form.tsx';
import { ownedBy } from '../common/organizations.ts';
import { INSTITUTION_TYPES } from '../common/terminology.ts';
import { readResource } from '../fhir.api.ts';
import { institutionIdProblem } from './institution-id.ts';

export interface InstitutionDrawerProps {
  /** Edit an institution, or add one under `parent`; null when closed. */
  target: { mode: 'edit'; org: Organization } | { mode: 'child'; parent: Organization } | null;
  /** Region administrators make a new institution the owner of its own record (as the demo region's institutions are). */
  regionAdmin: boolean;
  onClose(): void;
  onSaved(org: Organization): void;
}

type IdState = 'empty' | 'invalid' | 'checking' | 'taken' | 'free';
const CHECK_DELAY_MS = 300;

/**
 * Edit an institution or add a subordinate one (卫健局 → 医院 → 卫生院) with the generated Organization form. A new
 * institution gets the id the administrator chooses (it appears in role grants and policies); the form is offered
 * once that id is known to be free, because saving with an id creates or replaces.
 */
export function InstitutionDrawer({ target, regionAdmin, onClose, onSaved }: InstitutionDrawerProps) {
  const { t } = useI18n();
  const [newId, setNewId] = useState('');
  const [idState, setIdState] = useState<IdState>('empty');
  const child = target?.mode === 'child';

  useEffect(() => setNewId(''), [target]);
  useEffect(() => {
    const id = newId.trim();
    const problem = institutionIdProblem(id);
    if (problem) {
      setIdState(problem);
      return;
    }
    setIdState('checking');
    let live = true;
    const timer = setTimeout(() => {
      readResource('Organization', id).then(
        () => live && setIdState('taken'),
        // Only "not found" means free; a deleted id (410) or any other answer is not offered.
        (err: unknown) => live && setIdState(err instanceof ApiError && err.status === 404 ? 'free' : 'taken'),
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [newId]);

  const fields = [
    { path: 'name', label: t('admin.institutions.name'), required: true },
    { path: 'alias', label: t('admin.institutions.alias') },
    { path: 'identifier', label: t('admin.institutions.identifier') },
    { path: 'type', label: t('admin.institutions.type'), valueSet: { concepts: INSTITUTION_TYPES } },
    { path: 'telecom', label: t('admin.institutions.telecom') },
    { path: 'address', label: t('admin.institutions.address') },
    { path: 'active', label: t('admin.institutions.active') },
    ...(target?.mode === 'edit' ? [{ path: 'partOf', label: t('admin.institutions.partOf'), targetTypes: ['Organization'] }] : []),
  ];
  const id = newId.trim();
  const idHelp: Record<IdState, string | undefined> = {
    empty: t('admin.institutions.idHint'),
    invalid: t('admin.institutions.idInvalid'),
    checking: t('admin.common.loading'),
    taken: t('admin.institutions.idTaken'),
    free: t('admin.institutions.idFree'),
  };

  return (
    <Drawer
      open={!!target}
      size={640}
      title={target?.mode === 'edit' ? t('admin.institutions.editTitle', { name: target.org.name ?? '' }) : target ? t('admin.institutions.addChildOf', { name: target.parent.name ?? '' }) : ''}
      onClose={onClose}
      destroyOnHidden
    >
      {child && (
        <Form name="new-institution" layout="horizontal" labelCol={{ flex: '128px' }} labelWrap wrapperCol={{ flex: 1 }}>
          <Form.Item
            label={t('admin.institutions.id')}
            required
            htmlFor="institution-id"
            validateStatus={idState === 'invalid' || idState === 'taken' ? 'error' : idState === 'free' ? 'success' : idState === 'checking' ? 'validating' : undefined}
            hasFeedback
            help={idHelp[idState]}
          >
            <Input id="institution-id" value={newId} maxLength={64} onChange={(e) => setNewId(e.target.value)} placeholder="thc-nanshan" />
          </Form.Item>
        </Form>
      )}
      {target?.mode === 'edit' && <ResourceForm<Organization> resourceType="Organization" value={target.org} settingsKey="form.admin.institution" fields={fields} onSaved={onSaved} onCancel={onClose} />}
      {target?.mode === 'child' && idState === 'free' && (
        <ResourceForm<Organization>
          resourceType="Organization"
          value={{ resourceType: 'Organization', active: true, type: [{ coding: [{ system: INSTITUTION_TYPES[0].system, code: INSTITUTION_TYPES[0].code, display: INSTITUTION_TYPES[0].display }] }] }}
          fixed={{
            id,
            partOf: { reference: `Organization/${target.parent.id}`, display: target.parent.name },
            // Others cannot assign data to an institution that is not theirs: the store makes it theirs.
            ...(regionAdmin ? { meta: ownedBy(id) } : {}),
          }}
          settingsKey="form.admin.institution"
          fields={fields}
          onSaved={onSaved}
          onCancel={onClose}
        />
      )}
    </Drawer>
  );
}
