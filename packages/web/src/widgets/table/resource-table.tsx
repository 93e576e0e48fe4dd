import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Table, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useSession } from '../../session/session.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useParameter, useWorkstation } from '../parameters/parameters.context.tsx';
import { useUserSetting } from '../settings/user-settings.context.tsx';
import { useShortcuts } from '../shortcuts/shortcuts.context.tsx';
import type { Shortcut } from '../shortcuts/registry.ts';
import { ColumnChooser } from './column-chooser.tsx';
import { isDefaultArrangement, isTableSettings, mergeColumns, type ColumnState, type TableSettings } from './column-settings.ts';
import { expressionText } from './display-text.ts';
import { exportColumns, sheetName } from './export-request.ts';
import { compileFhirPath } from './fhirpath-lite.ts';
import { FilterBar, type FilterBarHandle } from './filter-bar.tsx';
import { PdfPreview } from '../pdf/pdf-preview.tsx';
import { printDocument } from '../pdf/print.api.ts';
import { tableDocument, type TablePrintDocument } from './print-document.ts';
import { saveBlob } from '../../api/download.ts';
import { exportXlsx } from './table.api.ts';
import { filterEntries, lastPage, pageRange, pageSizeOptions, queryString, searchEntries, validPageSize, VIRTUAL_FROM, type QueryParts } from './table-query.ts';
import { TableToolbar } from './table-toolbar.tsx';
import { DENSITIES, type Density, type FilterField, type FilterValue, type Resource, type ResourceColumn, type SortState } from './table.types.ts';
import { useResourceSearch } from './use-resource-search.ts';
import { DENSITY_SETTING_KEY, PAGE_SIZE_SETTING_KEY } from '../settings/setting-keys.ts';

export interface ResourceTableProps<T extends Resource> {
  resourceType: string;
  columns: ResourceColumn<T>[];
  /** Fixed FHIR search parameters; a change refetches from page 1. */
  query?: Record<string, string>;
  /** Where the user's column arrangement, density and page size are kept, e.g. 'table.admin.departments'. */
  settingsKey: string;
  filters?: FilterField[];
  toolbar?: ReactNode;
  rowActions?: (r: T) => ReactNode;
  onRowClick?: (r: T) => void;
  /** Shows 导出 Excel (for users holding data.export); also the sheet name and title row. */
  exportName?: string;
  /** Shows 打印 (the current page as a PDF). */
  printTitle?: string;
  /** Change it to reload the current page (after a page's own create/update). */
  reloadToken?: number;
  rowKey?: (r: T) => string;
  selectable?: boolean;
  onSelectionChange?: (rows: T[]) => void;
}

const DEFAULT_WIDTH = 160;
const isDensity = (v: unknown) => DENSITIES.includes(v as Density);
const defaultRowKey = (r: Resource) => `${r.resourceType}/${r.id}`;

/** Height of the scrolling body of a virtual table: the window minus the shell and the table's own chrome. */
function useBodyHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return Math.max(320, height - 330);
}

/**
 * A FHIR search as an antd table (ARCHITECTURE §6): server-side paging, sorting and filtering, column chooser and
 * density remembered per user, Excel export of the whole query, print of the current page, keyboard shortcuts.
 */
export function ResourceTable<T extends Resource>(props: ResourceTableProps<T>) {
  const { resourceType, columns, query, settingsKey, filters, toolbar, rowActions, onRowClick, exportName, printTitle, reloadToken, selectable, onSelectionChange } = props;
  const rowKey = props.rowKey ?? defaultRowKey;
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();

  // Remembered per user: this table's arrangement; the user's and the institution's defaults.
  const [settings, setSettings, settingsLoaded] = useUserSetting<TableSettings>(settingsKey, {}, isTableSettings);
  const [userDensity] = useUserSetting<Density>(DENSITY_SETTING_KEY, 'middle', isDensity);
  const [userPageSize] = useUserSetting<number | null>(PAGE_SIZE_SETTING_KEY, null);
  const institutionPageSize = validPageSize(useParameter<unknown>('ui.pageSize', 20), 20);
  const parametersLoaded = useWorkstation().loaded;
  const preferredPageSize = validPageSize(userPageSize, institutionPageSize);
  const pageSize = validPageSize(settings.pageSize, preferredPageSize);
  const density = settings.density ?? userDensity;
  const update = useCallback((patch: Partial<TableSettings>) => setSettings({ ...settings, ...patch }), [settings, setSettings]);

  // Every expression is compiled (once, cached) before any row: an unsupported one fails when the page opens, not in a cell.
  for (const c of columns) if (c.expression) compileFhirPath(c.expression);
  const arrangement = useMemo(() => mergeColumns(columns, settings.columns), [columns, settings.columns]);
  const visibleColumns = useMemo(() => arrangement.filter((c) => c.visible).map((c) => columns.find((d) => d.key === c.key)!), [arrangement, columns]);

  // Search state. A new fixed query starts again at page 1 (derived, so no request goes out for the old page).
  const queryKey = JSON.stringify(query ?? {});
  const [applied, setApplied] = useState<Record<string, FilterValue>>({});
  const [sort, setSort] = useState<SortState | undefined>();
  const [paging, setPaging] = useState({ queryKey, page: 1 });
  const page = paging.queryKey === queryKey ? paging.page : 1;
  const setPage = useCallback((p: number) => setPaging({ queryKey, page: p }), [queryKey]);
  const parts: QueryParts = useMemo(() => ({ fixed: JSON.parse(queryKey) as Record<string, string>, filters: filterEntries(filters ?? [], applied), sort }), [queryKey, filters, applied, sort]);

  // Stable callbacks: the filter bar and the column chooser then skip re-rendering when only the rows change.
  const applyFilters = useCallback(
    (values: Record<string, FilterValue>) => {
      setApplied(values);
      setPage(1);
    },
    [setPage],
  );
  const columnTitles = useMemo(() => Object.fromEntries(columns.map((c) => [c.key, c.title])), [columns]);
  const arrange = useCallback((next: ColumnState[]) => update({ columns: isDefaultArrangement(columns, next) ? undefined : next }), [update, columns]);
  const resetArrangement = useCallback(() => update({ columns: undefined, density: undefined }), [update]);

  const [refreshes, setRefreshes] = useState(0);
  const data = useResourceSearch<T>(resourceType, parts, page, pageSize, `${reloadToken ?? 0}:${refreshes}`, settingsLoaded && parametersLoaded, setPage);
  const pages = lastPage(data.total, pageSize);

  const [selected, setSelected] = useState<string[]>([]);
  // A new page of rows starts with nothing selected (only a change of rows counts, not a new callback identity).
  const selectionCallback = useRef(onSelectionChange);
  useEffect(() => {
    selectionCallback.current = onSelectionChange;
  });
  useEffect(() => {
    if (!selectable) return;
    setSelected((current) => (current.length ? [] : current));
    selectionCallback.current?.([]);
  }, [data.rows, selectable]);

  const filterBar = useRef<FilterBarHandle>(null);
  const container = useRef<HTMLDivElement>(null);
  const [exporting, setExporting] = useState(false);
  const [printDoc, setPrintDoc] = useState<TablePrintDocument | null>(null);
  const canExport = !!exportName && holds(me.permissions, 'data.export');

  const refresh = () => setRefreshes((n) => n + 1);

  const exportAll = async () => {
    if (!exportName || exporting) return;
    const cols = exportColumns(visibleColumns);
    if (!cols.length) {
      message.warning(t('table.exportNoColumns'));
      return;
    }
    setExporting(true);
    const hide = message.loading(t('table.exporting', { total: data.total }), 0);
    try {
      const { blob, filename } = await exportXlsx(resourceType, { query: queryString(searchEntries(parts)), columns: cols, sheetName: sheetName(exportName), title: exportName });
      const name = filename ?? `${resourceType}.xlsx`;
      saveBlob(blob, name);
      message.success(t('table.exported', { filename: name }));
    } catch (err) {
      message.error(t('table.exportFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      hide();
      setExporting(false);
    }
  };

  const printPage = () => {
    if (!printTitle) return;
    const printable = visibleColumns.filter((c) => c.expression);
    if (!printable.length) {
      message.warning(t('table.printNoColumns'));
      return;
    }
    const { from, to } = pageRange(data.page, pageSize, data.total);
    setPrintDoc(
      tableDocument({
        title: printTitle,
        headers: printable.map((c) => c.title),
        rows: data.rows.map((r) => printable.map((c) => expressionText(c.expression!, r))),
        subtitle: [
          t('table.printedAt', { time: dayjs().format('YYYY-MM-DD HH:mm') }),
          t('table.printedBy', { user: me.displayName ?? me.username ?? me.id }),
          t('table.range', { from, to, total: data.total }),
        ],
        // {page} and {pages} stay in: the print server fills them in on each page.
        pageFooter: t('table.printPageFooter'),
      }),
    );
  };

  const go = (p: number) => {
    if (p >= 1 && p <= pages && p !== page) setPage(p);
  };
  const shortcuts: Shortcut[] = [
    { combo: 'ArrowLeft', description: 'shortcuts.table.previousPage', handler: () => go(page - 1) },
    { combo: 'PageUp', description: 'shortcuts.table.previousPage', handler: () => go(page - 1) },
    { combo: 'ArrowRight', description: 'shortcuts.table.nextPage', handler: () => go(page + 1) },
    { combo: 'PageDown', description: 'shortcuts.table.nextPage', handler: () => go(page + 1) },
    { combo: 'Alt+R', description: 'shortcuts.table.refresh', handler: refresh },
  ];
  if (canExport) shortcuts.push({ combo: 'Alt+E', description: 'shortcuts.table.export', handler: () => void exportAll() });
  if (printTitle) shortcuts.push({ combo: 'Alt+P', description: 'shortcuts.table.print', handler: printPage });
  if (filters?.length) {
    shortcuts.push({ combo: 'F3', description: 'shortcuts.table.focusFilter', handler: () => filterBar.current?.focusFirst() });
    shortcuts.push({ combo: '/', description: 'shortcuts.table.focusFilter', handler: () => filterBar.current?.focusFirst() });
  }
  useShortcuts('table', shortcuts);

  const virtual = pageSize >= VIRTUAL_FROM;
  const bodyHeight = useBodyHeight();
  const antColumns = useMemo(() => {
    const list: NonNullable<TableProps<T>['columns']> = visibleColumns.map((c) => ({
      key: c.key,
      title: c.title,
      width: c.width ?? (virtual ? DEFAULT_WIDTH : undefined),
      align: c.align,
      ellipsis: true,
      sorter: !!c.sortParam,
      sortOrder: c.sortParam && sort?.param === c.sortParam ? (sort.descending ? 'descend' : 'ascend') : null,
      render: (_: unknown, r: T) => (c.render ? c.render(r) : c.expression ? expressionText(c.expression, r) : null),
    }));
    if (rowActions) {
      list.push({
        key: '__actions',
        title: t('table.actions'),
        fixed: 'right',
        width: 160,
        render: (_: unknown, r: T) => (
          // Buttons in the row must not also trigger the row's click.
          <span onClick={(e) => e.stopPropagation()}>{rowActions(r)}</span>
        ),
      });
    }
    return list;
  }, [visibleColumns, virtual, sort, rowActions, t]);
  const scrollWidth = antColumns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : DEFAULT_WIDTH), selectable ? 48 : 0);

  return (
    <div ref={container} className="mu-resource-table" data-testid={`resource-table-${settingsKey}`}>
      {filters?.length ? (
        <FilterBar
          ref={filterBar}
          fields={filters}
          values={applied}
          onSearch={applyFilters}
        />
      ) : null}
      <TableToolbar
        extra={toolbar}
        density={density}
        onDensity={(d) => update({ density: d })}
        onRefresh={refresh}
        onExport={canExport ? () => void exportAll() : undefined}
        exporting={exporting}
        onPrint={printTitle ? printPage : undefined}
        columnChooser={
          <ColumnChooser titles={columnTitles} columns={arrangement} onChange={arrange} onReset={resetArrangement} />
        }
      />
      {data.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('table.loadFailed', { message: data.error })}
          action={
            <Button size="small" onClick={refresh}>
              {t('table.retry')}
            </Button>
          }
        />
      )}
      <Table<T>
        rowKey={rowKey}
        size={density}
        loading={data.loading}
        columns={antColumns}
        dataSource={data.rows}
        virtual={virtual}
        sticky={!virtual}
        // antd animates its body back to the first row on every page change (450 ms of scroll writes and re-layouts of
        // the sticky header); only the virtual body scrolls vertically, so the others bring the window back instead.
        scroll={virtual ? { x: scrollWidth, y: bodyHeight } : { x: 'max-content', scrollToFirstRowOnChange: false }}
        showSorterTooltip={false}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected,
                onChange: (keys, rows) => {
                  setSelected(keys as string[]);
                  onSelectionChange?.(rows);
                },
              }
            : undefined
        }
        onRow={onRowClick ? (r) => ({ onClick: () => onRowClick(r), style: { cursor: 'pointer' } }) : undefined}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const column = columns.find((c) => c.key === s?.columnKey);
          setSort(s?.order && column?.sortParam ? { param: column.sortParam, descending: s.order === 'descend' } : undefined);
          setPage(1);
        }}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          showQuickJumper: true,
          pageSizeOptions: pageSizeOptions(preferredPageSize),
          showTotal: (total) => {
            const { from, to } = pageRange(page, pageSize, total);
            return t('table.range', { from, to, total });
          },
          onChange: (p, size) => {
            if (size !== pageSize) {
              update({ pageSize: size === preferredPageSize ? undefined : size });
              setPage(1);
            } else setPage(p);
            // Paging from the pager under a long page: show the new page from its first row.
            if (!virtual && (container.current?.getBoundingClientRect().top ?? 0) < 0) container.current?.scrollIntoView({ block: 'start' });
          },
        }}
        locale={data.error ? { emptyText: t('table.loadFailedShort') } : undefined}
      />
      {printTitle && <PdfPreview open={printDoc !== null} title={printTitle} load={() => printDocument(printDoc!, `${printTitle}.pdf`)} onClose={() => setPrintDoc(null)} />}
    </div>
  );
}
