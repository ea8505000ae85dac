// What the client's status bar item and Sources view are told (corroborate/status,
// corroborate/documentStatus): the indexing runs in progress, the loaded corpora, each document's state.
import { DOCUMENT_STATUS_NOTIFICATION, STATUS_NOTIFICATION, type CorpusState, type DocumentStatusParams, type IndexingState, type StatusParams } from '../shared/protocol';

export interface IndexingRun {
  report(counts?: { phase: string; done: number; total: number }): void;
  done(): void;
}

export class StatusReporter {
  private readonly indexing = new Map<number, IndexingState>();
  private runs = 0;

  constructor(
    private readonly send: (method: string, params: unknown) => void,
    private readonly corpora: () => CorpusState[],
    private readonly shutDown: () => boolean,
  ) {}

  sendStatus(): void {
    if (this.shutDown()) return;
    const params: StatusParams = { indexing: [...this.indexing.values()], corpora: this.corpora() };
    this.send(STATUS_NOTIFICATION, params);
  }

  indexingStarted(paths: readonly string[]): IndexingRun {
    const id = ++this.runs;
    const state: IndexingState = { paths: [...paths], phase: 'reading', done: 0, total: 0 };
    this.indexing.set(id, state);
    this.sendStatus();
    let sentAt = -1;
    return {
      report: (counts) => {
        if (!counts) return;
        const step = Math.max(1, Math.floor(counts.total / 100));
        const changed = counts.phase !== state.phase || counts.total !== state.total;
        Object.assign(state, counts);
        // About a hundred updates per run at most.
        if (changed || counts.done - sentAt >= step || counts.done === counts.total) {
          sentAt = counts.done;
          this.sendStatus();
        }
      },
      done: () => {
        this.indexing.delete(id);
        // After the corpus manager has taken the new index (a promise callback): its count is listed.
        setImmediate(() => this.sendStatus());
      },
    };
  }

  documentStatus(params: DocumentStatusParams): void {
    if (!this.shutDown()) this.send(DOCUMENT_STATUS_NOTIFICATION, params);
  }
}
