import { render } from 'preact';
import '../common/style.css';
import './verify.css';
import { VerifyPage } from './verify-page.tsx';

render(<VerifyPage />, document.getElementById('root')!);
