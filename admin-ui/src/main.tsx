import { render } from 'preact';
import './gaya.css';
import { Aplikasi } from './Aplikasi';

const akar = document.getElementById('app');
if (akar) {
  akar.textContent = '';
  render(<Aplikasi />, akar);
}
