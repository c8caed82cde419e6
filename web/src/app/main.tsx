import { render } from 'preact';
import '../common/style.css';
import { App } from './app.tsx';

render(<App />, document.getElementById('root')!);
