import { type CaseRecord } from '@lendledger/domain';
import { useEffect, useState } from 'preact/hooks';
import { listCases, listForums } from './case-api.ts';
import { mergePage } from './inbox-filter.ts';

/** Where the inbox stands: the forum read, the cases loaded so far and the bookmark of the next page. */
interface Loaded {
    readonly forum: string;
    readonly cases: readonly CaseRecord[];
    readonly bookmark: string;
}

/** The inbox's reads: the forums to choose from, the chosen one, its cases page by page. */
export interface Inbox {
    readonly forums?: readonly string[];
    readonly forum: string;
    readonly chooseForum: (forum: string) => void;
    /** The chosen forum's cases loaded so far (none while another forum's are still shown). */
    readonly cases: readonly CaseRecord[];
    /** The bookmark of the next page, empty when all are loaded. */
    readonly bookmark: string;
    readonly loading: boolean;
    readonly error?: unknown;
    /** Reads the next page and adds it to the cases loaded. */
    readonly more: () => void;
    /** Reads the first page again after a write, keeping the selection. */
    readonly refresh: () => void;
    /** Starts over on retry: the selection is cleared (`onReset`) and the first page read again. */
    readonly reload: () => void;
}

/**
 * A forum's own inbox, or, for a notary or a bank, that of the forum chosen (the first listed until one is
 * chosen). Choosing another forum, or retrying, calls `onReset` so the caller clears its selection.
 */
export function useInbox(caller: { mspId: string; isForum: boolean } | undefined, onReset: () => void): Inbox {
    const [forums, setForums] = useState<readonly string[]>();
    const [forum, setForum] = useState('');
    const [loaded, setLoaded] = useState<Loaded>();
    const [loading, setLoading] = useState(false);
    const [error, setError] = useState<unknown>();
    const [generation, setGeneration] = useState(0);
    const isForum = caller?.isForum ?? false;

    useEffect(() => {
        if (!caller) {
            return;
        }
        if (isForum) {
            setForums([caller.mspId]);
            setForum(caller.mspId);
            return;
        }
        listForums().then((list) => {
            setForums(list);
            setForum((current) => current || (list[0] ?? ''));
        }, setError);
    }, [caller?.mspId, isForum]);

    const load = async (bookmark: string, previous: readonly CaseRecord[]): Promise<void> => {
        setLoading(true);
        setError(undefined);
        try {
            // A forum's inbox is its own: it names no court, so the chaincode never reads another's.
            const page = await listCases(isForum ? undefined : forum, bookmark);
            setLoaded({ forum, cases: mergePage(previous, page.items), bookmark: page.bookmark });
        } catch (e) {
            setError(e);
        } finally {
            setLoading(false);
        }
    };

    useEffect(() => {
        if (forum) {
            onReset();
            void load('', []);
        }
    }, [forum, generation]);

    const cases = loaded?.forum === forum ? loaded.cases : [];
    return {
        forums,
        forum,
        chooseForum: setForum,
        cases,
        bookmark: loaded?.forum === forum ? loaded.bookmark : '',
        loading,
        error,
        more: () => void load(loaded?.bookmark ?? '', cases),
        refresh: () => void load('', []),
        reload: () => setGeneration((g) => g + 1),
    };
}
