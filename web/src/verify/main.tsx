import { render } from 'preact';
import '../common/style.css';
import './verify.css';
import { VerifyPage } from './verify-page.tsx';

render(<VerifyPage />, document.getElementById('root')!);

// Once the page has loaded, the case-package code is fetched too, so that a package dropped after the network is
// gone still verifies; it stays out of the first paint.
addEventListener('load', () => void import('@lendledger/verifier/package'));
