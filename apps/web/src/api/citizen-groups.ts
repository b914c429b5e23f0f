import type { CitizenGroup, CitizenGroupMemberPage, CitizenGroupMemberView, GroupMemberInput } from '@citydesk/shared';
import { http } from './http';

export type { CitizenGroupMemberView };

/** Registered members of special groups (`citizen_group.manage`): their phones open the group entrance. */
export const citizenGroupsApi = {
  members: (query: { group?: CitizenGroup; cursor?: string | null; limit?: number }) => {
    const params = new URLSearchParams();
    if (query.group) params.set('group', query.group);
    if (query.cursor) params.set('cursor', query.cursor);
    params.set('limit', String(query.limit ?? 50));
    return http.get<CitizenGroupMemberPage>(`/api/citizen-groups/members?${params.toString()}`);
  },
  add: (input: GroupMemberInput) => http.post<CitizenGroupMemberView>('/api/citizen-groups/members', input),
  remove: (id: string) => http.delete<void>(`/api/citizen-groups/members/${encodeURIComponent(id)}`),
};
