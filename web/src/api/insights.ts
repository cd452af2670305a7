import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

export type MyInsights = Schemas['MyInsights'];
export type MonthInsight = Schemas['MonthInsight'];
export type InstanceInsights = Schemas['InstanceInsights'];
export type InstanceInsightsData = NonNullable<InstanceInsights['insights']>;
export type Correlation = Schemas['Correlation'];

export const insightKeys = {
  mine: ['insights', 'mine'] as const,
  instance: ['insights', 'instance'] as const,
};

/** The signed-in member's work and network by month (since joining, at most 24 months). */
export function useMyInsights() {
  return useQuery({ queryKey: insightKeys.mine, queryFn: () => call(api.GET('/api/v1/me/insights')) });
}

/** The community's last daily snapshot (admins, or everyone when public). */
export function useInstanceInsights() {
  return useQuery({
    queryKey: insightKeys.instance,
    queryFn: () => call(api.GET('/api/v1/insights/instance')),
    retry: false,
  });
}
