import type { UseCaseContext } from '../context.js';
import type { Trx } from '../db/connect.js';

/** Something that happened to a case, for modules that react to it (within the same transaction). */
export interface DomainEvent {
  type: string;
  caseId: string;
  data: Record<string, unknown>;
}

type Handler = (trx: Trx, ctx: UseCaseContext, event: DomainEvent) => Promise<void>;

/**
 * In-transaction domain events: lets a lower module announce what happened (case rated,
 * visit failed) and a higher module react in the same transaction, without the lower module
 * importing the higher one.
 */
export class DomainEvents {
  private readonly handlers = new Map<string, Handler[]>();

  on(type: string, handler: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  async emit(trx: Trx, ctx: UseCaseContext, event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) await handler(trx, ctx, event);
  }
}
