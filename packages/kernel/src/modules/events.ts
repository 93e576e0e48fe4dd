/** The shape of an event as delivered to module handlers (see kernel events/bus). */
export interface DeliveredEventLike {
  id: number;
  topic: string;
  resourceType: string;
  resourceId: string;
  versionId?: string | number;
  action: string;
  institution?: string | null;
  payload: unknown;
}
