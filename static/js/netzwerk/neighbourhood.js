// The "neighbourhood" picture: drawn by the shared picture module from the app's JSON.
import { start } from "./picture.js";

start();
